"""Every setting is documented (datasette's habit) and env overrides work."""
from assistant.settings import Settings


def test_every_setting_has_a_description():
    missing = [name for name, f in Settings.model_fields.items() if not (f.description or "").strip()]
    assert missing == [], f"settings without a description: {missing}"


def test_env_prefix_overrides(monkeypatch):
    monkeypatch.setenv("XIANJIE_LLM_BACKEND", "openai")
    monkeypatch.setenv("XIANJIE_PORT", "9001")
    s = Settings()
    assert s.llm_backend == "openai" and s.port == 9001


def test_fingerprint_ignores_secrets_but_tracks_outputs(monkeypatch):
    a = Settings().fingerprint()
    monkeypatch.setenv("XIANJIE_OPENAI_API_KEY", "sk-secret")
    assert Settings().fingerprint() == a
    monkeypatch.setenv("XIANJIE_OPENAI_MODEL", "other-model")
    assert Settings().fingerprint() != a

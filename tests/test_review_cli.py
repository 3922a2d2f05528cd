"""`xianjie review` from a user's side: a file, JSON output, and a batch where one bad line does not stop the rest."""
import json

from assistant.cli import main


def test_review_text_file_prints_chinese_summary(tmp_path, capsys):
    f = tmp_path / "case.txt"
    f.write_text("XX市XX区人民检察院\n不起诉决定书\n被不起诉人王某某涉嫌危险驾驶罪。经审查查明：2026年2月14日，王某某饮酒后驾驶"
                 "小型轿车，经鉴定血液中乙醇含量为112mg/100ml，属醉酒驾驶机动车。本院依照《中华人民共和国刑事诉讼法》"
                 "第一百七十七条第二款的规定，决定对王某某不起诉。", encoding="utf-8")
    assert main(["review", str(f), "--today", "2026-03-01"]) == 0
    out = capsys.readouterr().out
    assert "危险驾驶罪" in out and "反向衔接" in out and "公安机关交通管理部门" in out


def test_batch_keeps_going_past_a_bad_line(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([
        json.dumps({"id": "a", "facts": "当事人明知是假冒注册商标的商品仍予以销售，违法所得数额3.5万元，2025年8月。"}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "c", "facts": "你好"}, ensure_ascii=False),
    ]), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["review", "--batch", str(src), "--out", str(out)]) == 0
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "line-2", "c"]
    assert rows[0]["charges"][0]["article"] == "刑法#214" and rows[0]["threshold_status"] == "met"
    assert "无法审查" in rows[1]["error"] and "JSON" in rows[1]["error"]
    assert rows[2]["abstained"] is True and rows[2]["charges"] == []


def test_missing_file_is_a_chinese_error(tmp_path, capsys):
    assert main(["review", str(tmp_path / "nope.pdf")]) != 0
    assert "错误" in capsys.readouterr().err

"""xianjie: the procurator's 行刑衔接 assistant (intake → review → draft → render)."""

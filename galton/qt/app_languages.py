"""Interface languages shipped with galton (code -> name shown in the menu)."""

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}

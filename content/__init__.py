"""Curated content as package data (installed as `spasm_diary_content`, found by bot.content_files)."""

"""Only what pyproject.toml cannot say: content/ ships as the data package `spasm_diary_content`,
so an installed wheel finds it through importlib.resources (bot/content_files.py)."""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["bot*", "handlers*"]),
        "spasm_diary_content",
        "spasm_diary_content.faq",
    ],
    package_dir={"spasm_diary_content": "content", "spasm_diary_content.faq": "content/faq"},
    package_data={"spasm_diary_content": ["*.yaml"], "spasm_diary_content.faq": ["*.md"]},
)

"""Storage: one SQLite database, migrations, and one repository per table. All SQL lives here."""

"""The core of Brief: parsing, library, filters, state. Never imports Textual."""

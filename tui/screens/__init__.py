"""Reader screens: the main reader and its dialogs."""

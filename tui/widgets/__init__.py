"""Reader widgets: the panes and their parts."""

"""Safety routing data and code: urgent rules, practice topics, labelled banks and the route classifier."""

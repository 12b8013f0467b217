# Models arrive with the scheduling issue.

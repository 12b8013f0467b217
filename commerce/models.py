# Models arrive with the commerce issue.

"""Upsell and cross-sell: what a student (or a course page's visitor) could take next, and how it did.

`suggestions` answers what to show, `rollups` keeps the co-enrollment counts it reads, `links` and
`attribution` follow a suggestion from shown to clicked to bought, `panels` renders it for the portals and
`emails` puts the next course in the course-completed email.
"""

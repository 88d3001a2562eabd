"""Exchange formats: backcoach's records mapped to the formats other tools read (FHIR, iCalendar).

Each format is a module of its own, imported by the command that needs it; the libraries a
format needs come with the `exchange` extra (``pip install 'backcoach[exchange]'``).
"""

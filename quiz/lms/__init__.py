"""A stored set version as a quiz of an LMS's own engine: Canvas (QTI 1.2) and Moodle XML.

Pure: no Flask, no database access beyond the loaded version. `questions.py` turns a
version into one multiple-choice question per statement, the same for both formats;
`qti.py` and `moodle_xml.py` only lay those questions out as each importer expects.
"""

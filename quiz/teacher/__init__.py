"""What teachers see: sign-in, classes, assignments, question sets, results and exports.

Every view here but sign-in requires a signed-in teacher, and every object is loaded through
`access.py`, which answers 404 for anything the teacher does not own.
"""

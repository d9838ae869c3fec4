"""The drafting tools: note drafts, course modules and the responsibility matrix, with their exports.

They use the answering core (retrieval, composer, citations, abstention) and are used by the faces.
"""

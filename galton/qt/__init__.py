"""The desktop app: the only package that imports Qt. Views of a galton.session.Session."""

"""What every web page shares: the parent's visit in the session, the words for the engine's
answers, the base form and its error summary. The template components and the stylesheet live
in wholechild/templates/components/ and wholechild/static/. See docs/architecture.md."""

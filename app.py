"""`python app.py`: the patient chat, the front desk (/balie) and the widget, configured by CHATBOT_* variables.

The app serves at once; the first start fetches the embedding model and builds
the search index in the background (with progress on stderr), and until then
questions get a Dutch "wordt opgestart" reply. See docs/app.md.
"""

import os

# Before anything imports gradio: no usage statistics leave the practice's server.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from chatbot.server import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())

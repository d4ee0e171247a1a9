"""`python app.py`: the patient chat and front-desk lookup (Gradio), configured by CHATBOT_* variables.

The first start fetches the embedding model and builds the search index (with
progress on stderr); later starts load both as they are. See docs/app.md.
"""

import os

# Before anything imports gradio: no usage statistics leave the practice's server.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from chatbot.ui import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())

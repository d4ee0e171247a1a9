"""The web pages: the patient chat, the front desk, and what their events do.

- `pages`: the two Gradio apps, built in functions (`build_patient_app`, `build_desk_app`);
- `chat`, `desk`: the handlers behind their events and the API endpoints `ask` and `search`;
- `guard`: rate limits, the model gate ("even druk") and who the client is;
- `render`: replies, the user's bubble, contact lines and front-desk results as text;
- `assets/`: styles, the pages' script and the floating widget.

chatbot/server.py mounts both apps in one FastAPI app (`python app.py`).
"""

from .chat import ChatHandlers
from .desk import DeskHandlers
from .guard import Busy, ModelGate, NotReady, RateLimits
from .pages import build_desk_app, build_patient_app

__all__ = ["Busy", "ChatHandlers", "DeskHandlers", "ModelGate", "NotReady", "RateLimits", "build_desk_app",
           "build_patient_app"]

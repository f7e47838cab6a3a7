from .config import ThreepasConfig
from .notification import OntvangenNotificatie
from .organisation import Organisatie, Vrijedag
from .publication import Bericht, Publicatie, PublicatieGebeurtenis
from .rule import PublicatieRegel, Sjabloon

__all__ = [
    "Bericht",
    "OntvangenNotificatie",
    "Organisatie",
    "Publicatie",
    "PublicatieGebeurtenis",
    "PublicatieRegel",
    "Sjabloon",
    "ThreepasConfig",
    "Vrijedag",
]

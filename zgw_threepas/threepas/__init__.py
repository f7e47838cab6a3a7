"""The 3PAS contract room.

Everything this project assumes about KOOP's Derde Partij AanleverService 2020/01 lives in this
package: :mod:`.contract` (namespaces, SOAPAction, element names, code tables, fault classes),
the XSD and WSDL under ``xsd/``, the envelope builder and the client. Nothing here imports
Django models.
"""

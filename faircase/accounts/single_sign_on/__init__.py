"""Single sign-on with OpenID Connect (docs/adr/0029-single-sign-on.md, docs/single-sign-on.md).

mozilla-django-oidc does the protocol: the authorization request with state, nonce and PKCE, the code exchange,
and the ID token's signature checked against the provider's published keys. faircase decides who the person is:
only by the (issuer, subject) pair bound through an invitation, never by a name, an email address or a role claim.
"""

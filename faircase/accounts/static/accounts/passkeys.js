// Passkeys (WebAuthn) for faircase's second factor (ADR 30). Progressive enhancement: without JavaScript, or in
// a browser without passkeys, this does nothing and the person uses an authenticator app or a recovery code.
// The server gives the options as JSON in data-options and checks whatever comes back; this file only carries
// them between the browser's passkey API and a hidden form field.

const fromBase64url = (text) => {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(text.length / 4) * 4, "=");
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;
};

const toBase64url = (buffer) =>
  btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

const withBuffers = (descriptors) => (descriptors || []).map((d) => ({ ...d, id: fromBase64url(d.id) }));

function creationOptions(json) {
  return {
    ...json,
    challenge: fromBase64url(json.challenge),
    user: { ...json.user, id: fromBase64url(json.user.id) },
    excludeCredentials: withBuffers(json.excludeCredentials),
  };
}

function requestOptions(json) {
  return { ...json, challenge: fromBase64url(json.challenge), allowCredentials: withBuffers(json.allowCredentials) };
}

function registrationJSON(credential) {
  const response = credential.response;
  return {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    response: {
      clientDataJSON: toBase64url(response.clientDataJSON),
      attestationObject: toBase64url(response.attestationObject),
      transports: response.getTransports ? response.getTransports() : [],
    },
    clientExtensionResults: credential.getClientExtensionResults(),
  };
}

function authenticationJSON(credential) {
  const response = credential.response;
  return {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    response: {
      clientDataJSON: toBase64url(response.clientDataJSON),
      authenticatorData: toBase64url(response.authenticatorData),
      signature: toBase64url(response.signature),
      userHandle: response.userHandle ? toBase64url(response.userHandle) : null,
    },
    clientExtensionResults: credential.getClientExtensionResults(),
  };
}

function send(form, value) {
  form.querySelector("input[type=hidden][name$=response]").value = value === "" ? "" : JSON.stringify(value);
  form.submit();
}

function start(container, form, register) {
  const options = JSON.parse(container.dataset.options);
  const button = container.querySelector("[data-passkey-start]");
  button.addEventListener("click", async () => {
    try {
      const credential = register
        ? await navigator.credentials.create({ publicKey: creationOptions(options) })
        : await navigator.credentials.get({ publicKey: requestOptions(options) });
      send(form, register ? registrationJSON(credential) : authenticationJSON(credential));
    } catch (error) {
      // Cancelled or refused by the browser: an empty answer lets the server say what to do next.
      send(form, "");
    }
  });
}

if (window.PublicKeyCredential) {
  const signIn = document.querySelector("[data-passkey-sign-in]");
  if (signIn) {
    signIn.hidden = false;
    start(signIn, signIn.querySelector("[data-passkey-form]"), false);
  }
  const register = document.querySelector("[data-passkey-register]");
  if (register) {
    document.querySelector("[data-passkey-available]").hidden = false;
    document.querySelector("[data-passkey-unavailable]").hidden = true;
    start(register, register, true);
  }
}

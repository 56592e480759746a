// Installable app: register the service worker (static/sw.js, served at /sw.js so its scope is the
// whole app). Browsers allow one only in a secure context: https, or this computer's own 127.0.0.1.
"use strict";
if ("serviceWorker" in navigator && window.isSecureContext) {
  navigator.serviceWorker.register("/sw.js", {scope: "/"}).catch((err) => {
    // Without it psoas works the same, only not offline; say why in the console, nothing more.
    console.warn(`psoas: the offline page is unavailable (${err.message})`);
  });
}

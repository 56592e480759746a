// psoas service worker (served at /sw.js, scope /): keeps the app shell so psoas opens without its server.
//
// Everything else goes to the network as if there were no worker: psoas's data lives on the computer
// that runs the server, so nothing from /api, /ws or a page is kept here. A page that cannot be fetched
// (server stopped, phone off the Wi-Fi) is answered with the cached offline page; the shell's files are
// fetched fresh when the server answers, and from the cache when it does not.
//
// Layout, so later features can add their own listeners below without touching these: constants, then
// install, activate, fetch. Each listener here handles only its own requests.
"use strict";

const SHELL_CACHE = "psoas-shell-v2";  // a new name when the cached pages change: installs them anew
const OFFLINE_URL = "/offline";
const SHELL = [
  OFFLINE_URL,
  "/static/app.css",
  "/static/common.js",
  "/static/install.js",
  "/static/favicon.svg",
  "/static/icons/icon-192.png",
  "/static/icons/icon-512.png",
  "/manifest.webmanifest",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  // Drop shells of older versions of this file, then serve the open pages at once.
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith("psoas-shell-") && key !== SHELL_CACHE)
          .map((key) => caches.delete(key)),
      ))
      .then(() => self.clients.claim()),
  );
});

function isShell(url) {
  return url.origin === self.location.origin && SHELL.includes(url.pathname);
}

async function freshOrCached(request) {
  const cache = await caches.open(SHELL_CACHE);
  try {
    const reply = await fetch(request);
    if (reply.ok) await cache.put(request, reply.clone());
    return reply;
  } catch (err) {
    const kept = await cache.match(request, {ignoreSearch: true});
    if (kept) return kept;
    throw err;
  }
}

async function pageOrOffline(request) {
  try {
    return await fetch(request);
  } catch (err) {
    const offline = await caches.match(OFFLINE_URL);
    if (offline) return offline;
    throw err;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(pageOrOffline(request));
    return;
  }
  if (isShell(new URL(request.url))) event.respondWith(freshOrCached(request));
});

// Break reminders
importScripts("/static/sw-breaks.js");

// Break reminders in the service worker: the pages show the notification through the registration
// (so it appears with the tab in the background); a click on it brings psoas back to the front.
"use strict";
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil((async () => {
    const open = await self.clients.matchAll({type: "window", includeUncontrolled: true});
    if (open.length) return open[0].focus();
    return self.clients.openWindow("/breaks");
  })());
});

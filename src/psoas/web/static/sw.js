// psoas's service worker. The break reminders' part (notifications) lives in sw-breaks.js.
"use strict";
importScripts("/static/sw-breaks.js");

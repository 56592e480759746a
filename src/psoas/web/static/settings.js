// Settings: the voice preference lives in this browser only.
"use strict";
(() => {
  const box = document.getElementById("voice-setting");
  box.checked = localStorage.getItem("psoas.voice") !== "off";
  box.onchange = () => localStorage.setItem("psoas.voice", box.checked ? "on" : "off");
})();

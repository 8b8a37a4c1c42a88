// Offline search over the prebuilt index (static/search-index.js): no server, works from file://.
(function () {
  "use strict";
  var rows = window.GONGKAI_INDEX || [];   // [code, label, domain, body, href]
  var form = document.querySelector("form.search-box");
  var input = document.getElementById("q");
  var status = document.getElementById("status");
  var list = document.getElementById("results");
  var LIMIT = 200;

  function run(query) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) { status.textContent = "在 " + rows.length + " 个现行有效事项中检索。"; return; }
    var found = rows.filter(function (r) {
      var text = (r[0] + " " + r[1] + " " + r[2] + " " + r[3]).toLowerCase();
      return words.every(function (w) { return text.indexOf(w) >= 0; });
    });
    found.slice(0, LIMIT).forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = r[4];
      a.textContent = r[1];
      var where = document.createElement("span");
      where.className = "where";
      where.textContent = r[0] + " · " + r[2] + (r[3] ? " · " + r[3] : "");
      li.appendChild(a);
      li.appendChild(where);
      list.appendChild(li);
    });
    status.textContent = "找到 " + found.length + " 个事项" + (found.length > LIMIT ? "，显示前 " + LIMIT + " 个" : "") + "。";
  }

  var q = new URLSearchParams(window.location.search).get("q") || "";
  input.value = q;
  run(q);
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    run(input.value);
    try { history.replaceState(null, "", "?q=" + encodeURIComponent(input.value)); } catch (e) { /* file:// may refuse */ }
  });
})();

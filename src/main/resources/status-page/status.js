// Optional: every time on the page also in the reader's own time zone (on hover). The page reads the same without it.
document.documentElement.setAttribute("data-js", "on");
document.querySelectorAll("time[datetime]").forEach(function (t) {
  var d = new Date(t.getAttribute("datetime"));
  if (!isNaN(d)) { t.title = d.toLocaleString(); }
});

// Digital Branch: a publish time typed or picked chooses "at a set time" beside it. Without this a
// time typed while "as soon as approved" stayed chosen is sent back by the server as ambiguous
// (PostPage.typedUnderAsap), since taking either would send the post at a time nobody chose.
(function () {
  "use strict";

  var inputs = document.querySelectorAll("input[data-chooses]");
  Array.prototype.forEach.call(inputs, function (input) {
    var choice = document.getElementById(input.getAttribute("data-chooses"));
    if (!choice) {
      return;
    }
    function choose() {
      choice.checked = true;
    }
    input.addEventListener("input", choose);
    input.addEventListener("change", choose);
  });
})();

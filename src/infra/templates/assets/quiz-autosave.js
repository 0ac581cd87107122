// Saves a quiz answer as soon as it changes, so nothing is lost if the connection drops before "Next".
// The page works the same without this script: every button posts the form and the server saves it.
(function () {
  var form = document.querySelector('form[data-autosave]');
  if (!form || !window.fetch || !window.URLSearchParams || !window.FormData) return;
  var status = document.querySelector('[data-save-status]');
  var pending = null;
  function show(text) {
    if (status) status.textContent = text;
  }
  function save() {
    var body = new URLSearchParams(new FormData(form));
    body.set('go', 'stay');
    show('Saving…');
    pending = fetch(form.action, {
      method: 'POST',
      body: body,
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    })
      .then(function (response) {
        return response.json().then(function (result) {
          show(response.ok ? 'Answer saved.' : result.message || 'Not saved.');
        });
      })
      .catch(function () {
        show('Not saved: check your connection. Your answer is sent again when you press Next.');
      });
  }
  form.addEventListener('change', save);
})();

'use strict';
// The batch page. Every value from the API goes into the page as text (textContent), never as HTML.
(function () {
  // The API's base path: the page is served at <base>/ui.
  const base = location.pathname.replace(/\/ui\/?$/, '');
  const PAGE_SIZE = 20;
  const POLL_MS = 3000;
  const HIDDEN_POLL_MS = 30000;
  let from = 0;
  let timer = null;

  function token() {
    return sessionStorage.getItem('batchapi.jwt');
  }

  function call(path) {
    const headers = { Accept: 'application/json' };
    if (token()) {
      headers.Authorization = 'Bearer ' + token();
    }
    return fetch(base + path, { headers: headers, credentials: 'same-origin' });
  }

  function notice(text) {
    document.getElementById('notice').textContent = text;
  }

  function cell(row, text, className) {
    const td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    if (className) {
      td.className = className;
    }
    row.appendChild(td);
    return td;
  }

  function render(batches) {
    const body = document.querySelector('#batches tbody');
    body.replaceChildren();
    for (const batch of batches) {
      const row = document.createElement('tr');
      cell(row, batch.name || '(no name)');
      cell(row, batch.state, 'state state-' + batch.state);
      cell(row, batch.batchType);
      cell(row, batch.user);
      cell(row, new Date(batch.createTime).toISOString());
      cell(row, batch.id);
      body.appendChild(row);
    }
    document.getElementById('newer').disabled = from === 0;
    document.getElementById('older').disabled = batches.length < PAGE_SIZE;
  }

  function query() {
    const params = new URLSearchParams({ desc: 'true', from: String(from), size: String(PAGE_SIZE) });
    for (const [name, value] of new FormData(document.getElementById('filters'))) {
      if (value) {
        params.set(name, value);
      }
    }
    return '/batches?' + params.toString();
  }

  async function refresh() {
    try {
      const response = await call(query());
      const answer = await response.json();
      if (response.ok) {
        notice('');
        render(answer.batches);
      } else if (response.status === 401 && !response.headers.has('WWW-Authenticate')) {
        document.getElementById('token-form').hidden = false;
        notice('Sign in: paste a JWT for this API (' + answer.message + ')');
      } else if (response.status === 403 && !token()) {
        notice('This deployment signs requests with AWS IAM (SigV4), which a browser cannot do: '
            + 'use kyuubi-ctl, the AWS CLI or an SDK. (' + answer.message + ')');
      } else {
        notice(answer.message || ('The API answered ' + response.status));
      }
    } catch (e) {
      notice('The API could not be reached: ' + e.message);
    }
    schedule();
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, document.visibilityState === 'hidden' ? HIDDEN_POLL_MS : POLL_MS);
  }

  document.getElementById('filters').addEventListener('submit', function (event) {
    event.preventDefault();
    from = 0;
    refresh();
  });
  document.getElementById('newer').addEventListener('click', function () {
    from = Math.max(0, from - PAGE_SIZE);
    refresh();
  });
  document.getElementById('older').addEventListener('click', function () {
    from += PAGE_SIZE;
    refresh();
  });
  document.getElementById('token-form').addEventListener('submit', function (event) {
    event.preventDefault();
    sessionStorage.setItem('batchapi.jwt', document.getElementById('token').value.trim());
    document.getElementById('token').value = '';
    refresh();
  });
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') {
      refresh();
    }
  });
  refresh();
}());

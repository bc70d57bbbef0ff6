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

  /** The API's answer to a GET: its status, its JSON body (or null) and its headers. */
  function call(path) {
    return new Promise(function (resolve, reject) {
      const request = new XMLHttpRequest();
      request.open('GET', base + path);
      request.setRequestHeader('Accept', 'application/json');
      if (token()) {
        request.setRequestHeader('Authorization', 'Bearer ' + token());
      }
      request.onload = function () {
        let body = null;
        try {
          body = JSON.parse(request.responseText);
        } catch (e) {
          body = null;
        }
        resolve({ status: request.status, body: body, header: function (name) { return request.getResponseHeader(name); } });
      };
      request.onerror = function () {
        reject(new Error('no answer'));
      };
      request.send();
    });
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
    while (body.firstChild) {
      body.removeChild(body.firstChild);
    }
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
    const params = ['desc=true', 'from=' + from, 'size=' + PAGE_SIZE];
    const fields = document.getElementById('filters').elements;
    for (let i = 0; i < fields.length; i++) {
      if (fields[i].name && fields[i].value) {
        params.push(encodeURIComponent(fields[i].name) + '=' + encodeURIComponent(fields[i].value));
      }
    }
    return '/batches?' + params.join('&');
  }

  function refresh() {
    call(query()).then(function (response) {
      const message = response.body && response.body.message;
      if (response.status === 200) {
        notice('');
        render(response.body.batches);
      } else if (response.status === 401 && !response.header('WWW-Authenticate')) {
        document.getElementById('token-form').hidden = false;
        notice('Sign in: paste a JWT for this API (' + message + ')');
      } else if (response.status === 403 && !token()) {
        notice('This deployment signs requests with AWS IAM (SigV4), which a browser cannot do: '
            + 'use kyuubi-ctl, the AWS CLI or an SDK. (' + message + ')');
      } else {
        notice(message || ('The API answered ' + response.status));
      }
    }, function (e) {
      notice('The API could not be reached: ' + e.message);
    }).then(schedule);
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

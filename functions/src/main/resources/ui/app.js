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
  // The batch shown, if any (the page's hash: #batch=<id>), and its log as read so far.
  let shown = null;
  let logRead = false;
  // Which of the three views the hash shows: 'list', 'batch' or 'new' (the submit form).
  let view = 'list';
  // Counts the views opened: an answer for one opened before is dropped, even for the same batch.
  let generation = 0;
  // The list's filters, as query parameters, from the last Show.
  let filters = [];
  // A refresh under way, and whether another was asked for meanwhile.
  let busy = false;
  let again = false;

  const TOKEN_KEY = 'batchapi.jwt';
  /** What a JWT is made of (base64url parts and dots): nothing else may go into a header. */
  const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  /**
   * The API's answer: its status, its JSON body (or null) and its headers. In BASIC mode the
   * browser answers the API's 401 challenge itself (its own prompt): the page never holds a password.
   */
  function call(path, method, body, contentType) {
    return new Promise(function (resolve, reject) {
      const request = new XMLHttpRequest();
      request.open(method || 'GET', base + path);
      request.setRequestHeader('Accept', 'application/json');
      if (contentType) {
        request.setRequestHeader('Content-Type', contentType);
      }
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
        reject(new Error('The API could not be reached'));
      };
      request.send(body === undefined ? null : body);
    });
  }

  function notice(text) {
    document.getElementById('notice').textContent = text;
  }

  function two(number) {
    return (number < 10 ? '0' : '') + number;
  }

  /**
   * A time in epoch ms as people read it, in the browser's time zone (the one the time filters
   * take), its offset from UTC said (the log's lines are in UTC).
   */
  function when(epochMillis) {
    const d = new Date(epochMillis);
    const offset = -d.getTimezoneOffset();
    return d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate()) + ' ' + two(d.getHours()) + ':'
        + two(d.getMinutes()) + ':' + two(d.getSeconds()) + ' UTC' + (offset < 0 ? '-' : '+')
        + two(Math.floor(Math.abs(offset) / 60)) + ':' + two(Math.abs(offset) % 60);
  }

  /** A cell; its column's name goes in data-label, which narrow screens show before it. */
  function cell(row, label, text, className) {
    const td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    td.setAttribute('data-label', label);
    if (className) {
      td.className = className;
    }
    row.appendChild(td);
    return td;
  }

  /** @param batches a page and, if there are more, one more (which says Older has something to show) */
  function render(batches) {
    const more = batches.length > PAGE_SIZE;
    batches = batches.slice(0, PAGE_SIZE);
    const body = document.querySelector('#batches tbody');
    while (body.firstChild) {
      body.removeChild(body.firstChild);
    }
    for (const batch of batches) {
      const row = document.createElement('tr');
      const link = document.createElement('a');
      link.href = '#batch=' + encodeURIComponent(batch.id);
      link.textContent = batch.name || '(no name)';
      cell(row, 'Name', '').appendChild(link);
      cell(row, 'State', batch.state, 'state state-' + batch.state);
      cell(row, 'Type', batch.batchType);
      cell(row, 'User', batch.user);
      cell(row, 'Created', when(batch.createTime));
      cell(row, 'Id', batch.id, 'id');
      body.appendChild(row);
    }
    document.getElementById('newer').disabled = from === 0;
    document.getElementById('older').disabled = !more;
  }

  /**
   * A datetime-local input's value (YYYY-MM-DDTHH:MM, the browser's time zone) in epoch ms; read
   * field by field, since engines disagree on the zone Date.parse gives a time without an offset.
   */
  function epochMillis(value) {
    const parts = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
    return parts ? new Date(+parts[1], parts[2] - 1, +parts[3], +parts[4], +parts[5], +(parts[6] || 0)).getTime() : NaN;
  }

  /** The filters as the form has them: taken when Show is pressed, not while they are being typed. */
  function filterParams() {
    const params = [];
    const fields = document.getElementById('filters').elements;
    for (let i = 0; i < fields.length; i++) {
      let value = fields[i].value;
      if (fields[i].type === 'datetime-local') {
        value = value ? epochMillis(value) : NaN;
        value = isNaN(value) ? '' : String(value);
      }
      if (fields[i].name && value) {
        params.push(encodeURIComponent(fields[i].name) + '=' + encodeURIComponent(value));
      }
    }
    return params;
  }

  function query() {
    return '/batches?' + ['desc=true', 'from=' + from, 'size=' + (PAGE_SIZE + 1)].concat(filters).join('&');
  }

  /**
   * One refresh at a time: one asked for while another runs follows it, so that two never read the
   * same log lines (and append them twice).
   */
  function refresh() {
    clearTimeout(timer);
    if (busy) {
      again = true;
      return;
    }
    if (view === 'new') {
      // Nothing on the form changes by itself.
      return;
    }
    busy = true;
    (shown ? refreshBatch() : refreshList()).then(refreshed, refreshed);
  }

  function refreshed() {
    busy = false;
    if (again) {
      again = false;
      refresh();
    } else {
      schedule();
    }
  }

  /** What an answer that is not a 200 says: the API's message. */
  function apiMessage(response) {
    return (response.body && response.body.message) || ('The API answered ' + response.status);
  }

  /** Whether the answer is about who the caller is (a 401, or API Gateway's bare 403 in IAM mode), not about the request. */
  function aboutSignIn(response) {
    return response.status === 401 || (response.status === 403 && response.body !== null && response.body.message === 'Forbidden');
  }

  /** An answer that is not a 200, said in the page's notice. */
  function refused(response) {
    const message = apiMessage(response);
    if (response.status === 401 && /^Basic/i.test(response.header('WWW-Authenticate') || '')) {
      notice('Sign in: reload the page and give your user name and password when the browser asks. (' + message + ')');
    } else if (response.status === 401) {
      // JWT mode (API Gateway's challenge, if any, says Bearer): a token it refused is forgotten.
      const refusedToken = token();
      sessionStorage.removeItem(TOKEN_KEY);
      document.getElementById('token-form').hidden = false;
      notice((refusedToken ? 'The token was refused: paste another JWT for this API. ('
          : 'Sign in: paste a JWT for this API. (') + message + ')');
    } else if (aboutSignIn(response)) {
      // API Gateway's bare refusal of an unsigned request in IAM mode; this API's own 403s say why.
      notice('This deployment signs requests with AWS IAM (SigV4), which a browser cannot do: '
          + 'use kyuubi-ctl, the AWS CLI or an SDK. (' + message + ')');
    } else {
      notice(message);
    }
  }

  function refreshList() {
    return call(query()).then(function (response) {
      if (response.status === 200) {
        notice('');
        render(response.body.batches);
      } else {
        refused(response);
      }
    }, unreachable);
  }

  function unreachable(e) {
    notice(e.message);
  }

  function term(list, name, value) {
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    dd.textContent = value == null ? '' : String(value);
    list.appendChild(dt);
    list.appendChild(dd);
  }

  function clear(element) {
    while (element.firstChild) {
      element.removeChild(element.firstChild);
    }
  }

  function renderBatch(batch) {
    document.getElementById('batch-title').textContent = (batch.name || '(no name)') + ': ' + batch.state;
    document.getElementById('batch-title').className = 'state-' + batch.state;
    const fields = document.getElementById('fields');
    clear(fields);
    for (const name of ['id', 'user', 'batchType', 'name', 'state', 'appId', 'appUrl', 'appState', 'appDiagnostic',
        'kyuubiInstance', 'createTime', 'appStartTime', 'endTime']) {
      const value = batch[name];
      term(fields, name, /Time$/.test(name) && value > 0 ? when(value) : value);
    }
    const info = document.getElementById('info');
    clear(info);
    const queue = [];
    for (const key of Object.keys(batch.batchInfo || {}).sort()) {
      if (key.indexOf('queue.') === 0) {
        queue.push(key.substring(6) + ': ' + batch.batchInfo[key]);
      } else {
        term(info, key, batch.batchInfo[key]);
      }
    }
    document.getElementById('queue').textContent = queue.length ? 'Queued. ' + queue.join('; ') : '';
    const ended = ['FINISHED', 'ERROR', 'CANCELED'].indexOf(batch.state) >= 0;
    document.getElementById('kill').hidden = ended;
  }

  function appendLog(lines) {
    const log = document.getElementById('log');
    const history = document.getElementById('history');
    for (const line of lines) {
      log.appendChild(document.createTextNode(line + '\n'));
      if (/State \w+ -> \w+/.test(line)) {
        const item = document.createElement('li');
        item.textContent = line;
        history.appendChild(item);
      }
    }
  }

  function refreshBatch() {
    const id = shown;
    const opened = generation;
    return call('/batches/' + encodeURIComponent(id)).then(function (response) {
      if (opened !== generation) {
        return null;
      }
      if (response.status !== 200) {
        refused(response);
        return null;
      }
      notice('');
      renderBatch(response.body);
      // The log from its start once, then from=-1: the lines after the last ones this caller read.
      const from = logRead ? -1 : 0;
      return call('/batches/' + encodeURIComponent(id) + '/localLog?from=' + from + '&size=1000').then(function (log) {
        if (opened === generation && log.status === 200) {
          logRead = true;
          appendLog(log.body.logRowSet);
        }
      });
    }, unreachable);
  }

  function show() {
    const match = /^#batch=(.+)$/.exec(location.hash);
    try {
      shown = match ? decodeURIComponent(match[1]) : null;
    } catch (e) {
      // Not percent-encoding: the API answers such an id with its 404.
      shown = match[1];
    }
    view = shown !== null ? 'batch' : location.hash === '#new' ? 'new' : 'list';
    generation++;
    document.getElementById('list').hidden = view !== 'list';
    document.getElementById('batch').hidden = view !== 'batch';
    document.getElementById('submit').hidden = view !== 'new';
    logRead = false;
    clear(document.getElementById('log'));
    clear(document.getElementById('history'));
    document.getElementById('kill-confirm').hidden = true;
    // Shown once the batch is read and not ended.
    document.getElementById('kill').hidden = true;
    document.getElementById('kill-result').textContent = '';
    refresh();
  }

  function kill() {
    document.getElementById('kill-confirm').hidden = true;
    const opened = generation;
    call('/batches/' + encodeURIComponent(shown), 'DELETE').then(function (response) {
      if (opened !== generation) {
        return;
      }
      const result = document.getElementById('kill-result');
      if (response.status === 200) {
        result.textContent = response.body.msg;
      } else if (aboutSignIn(response)) {
        refused(response);
      } else if (response.status === 403) {
        result.textContent = 'You may not kill this batch: only its owner or an admin may. (' + apiMessage(response) + ')';
      } else {
        result.textContent = apiMessage(response);
      }
      refresh();
    }, unreachable);
  }

  function lines(text) {
    return text.split('\n').map(function (line) { return line.trim(); }).filter(function (line) { return line; });
  }

  /** The form as Kyuubi's BatchRequest; a conf line that is not key=value is an Error saying so. */
  function batchRequest(form) {
    const request = { batchType: form.batchType.value };
    for (const name of ['resource', 'className', 'name']) {
      if (form[name].value.trim()) {
        request[name] = form[name].value.trim();
      }
    }
    const args = lines(form.args.value);
    if (args.length) {
      request.args = args;
    }
    const conf = {};
    for (const line of lines(form.conf.value)) {
      const at = line.indexOf('=');
      if (at <= 0) {
        throw new Error('Conf line "' + line + '" is not key=value');
      }
      conf[line.substring(0, at).trim()] = line.substring(at + 1).trim();
    }
    if (Object.keys(conf).length) {
      request.conf = conf;
    }
    return request;
  }

  /** A JSON create, or Kyuubi's multipart one (parts batchRequest and resourceFile) with a file chosen. */
  function submitBatch(event) {
    event.preventDefault();
    const form = document.getElementById('submit-form');
    const result = document.getElementById('submit-result');
    let request;
    try {
      request = batchRequest(form.elements);
    } catch (e) {
      result.textContent = e.message;
      return;
    }
    const file = form.elements.resourceFile.files[0];
    result.textContent = 'Submitting…';
    let body = JSON.stringify(request);
    if (file) {
      body = new FormData();
      body.append('batchRequest', new Blob([JSON.stringify(request)], { type: 'application/json' }));
      body.append('resourceFile', file, file.name);
    }
    call('/batches', 'POST', body, file ? undefined : 'application/json').then(function (response) {
      if (response.status === 200) {
        result.textContent = '';
        form.reset();
        location.hash = '#batch=' + encodeURIComponent(response.body.id);
      } else if (aboutSignIn(response)) {
        result.textContent = '';
        refused(response);
      } else {
        result.textContent = apiMessage(response);
      }
    }, function (e) {
      result.textContent = e.message;
    });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, document.visibilityState === 'hidden' ? HIDDEN_POLL_MS : POLL_MS);
  }

  document.getElementById('filters').addEventListener('submit', function (event) {
    event.preventDefault();
    filters = filterParams();
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
    const typed = document.getElementById('token').value.trim().replace(/^Bearer\s+/i, '');
    document.getElementById('token').value = '';
    if (!JWT.test(typed)) {
      notice('That is not a JWT (three base64url parts joined by dots): paste the token itself.');
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, typed);
    refresh();
  });
  document.getElementById('submit-form').addEventListener('submit', submitBatch);
  document.getElementById('kill').addEventListener('click', function () {
    document.getElementById('kill-confirm').hidden = false;
    document.getElementById('kill-yes').focus();
  });
  document.getElementById('kill-yes').addEventListener('click', kill);
  document.getElementById('kill-no').addEventListener('click', function () {
    document.getElementById('kill-confirm').hidden = true;
    document.getElementById('kill').focus();
  });
  window.addEventListener('hashchange', show);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') {
      refresh();
    }
  });
  show();
}());

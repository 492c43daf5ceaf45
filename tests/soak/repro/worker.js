// A worker of the reproduction: runs the same work as the page's thread (run.js).
importScripts('run.js');
onmessage = (event) => runChurn(event.data).then((result) => postMessage(result));

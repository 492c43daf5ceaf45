// A module worker of the page-module reproduction: the same training as the page's thread.
import { train } from './train-module.mjs';

onmessage = (event) => train(event.data).then((result) => postMessage(result));

// Loaded with a secret in its query string: the error's source must arrive without it.
setTimeout(function () {
  throw new Error('thrown from auto-throw.js');
});

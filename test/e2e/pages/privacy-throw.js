// Loaded with a secret in its query string: the error must arrive without it.
setTimeout(function () {
  throw new Error('thrown from privacy-throw.js');
});

// The failure converter of every Conveyor Client, Worker and workflow bundle: failure messages and
// stack traces travel in an encoded attributes payload, so the payload codec encrypts them too.
// CommonJS because the SDK loads `failureConverterPath` with require() (Node 20 cannot require ESM).
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });

'use strict'
// Starts dynalite and prints one line the JVM waits for: DYNALITE_READY port=<port>
// (dynalite's own cli.js cannot listen on a random port: it reads --port 0 as "unset").
// Usage: node dynalite-server.js [--path DIR [--existing]]
//   --path DIR  keep the data in a LevelDB folder (default: in memory)
//   --existing  the folder must hold a store already: a damaged one (no CURRENT) fails, never starts empty
// Tables are ACTIVE at once. The server stops on SIGTERM, and when its stdin closes (its JVM died). It
// ignores SIGINT: a Ctrl-C reaches the whole foreground process group, and the JVM still needs the state
// to record the interrupted run before it stops the server itself.
const dynalite = require('dynalite')

const args = process.argv.slice(2)
const options = { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }
let existing = false
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--path' && args[i + 1] !== undefined) {
    options.path = args[++i]
  } else if (args[i] === '--existing') {
    existing = true
  } else {
    console.error('DYNALITE_FAILED usage: node dynalite-server.js [--path DIR [--existing]]')
    process.exit(2)
  }
}

async function start () {
  if (options.path) {
    // dynalite opens LevelDB on the first request; a store locked by another server, or one that has
    // lost its CURRENT file, would only fail then (or, worse, start empty), so open it once first and
    // fail before READY.
    const { Level } = require(require.resolve('level', { paths: [require.resolve('dynalite')] }))
    const probe = new Level(options.path, { valueEncoding: 'json', createIfMissing: !existing })
    await probe.open()
    await probe.close()
  }
  const server = dynalite(options)
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  console.log('DYNALITE_READY port=' + server.address().port)
  return server
}

let stopping = false
function stop (server) {
  if (stopping) return
  stopping = true
  server.close(error => process.exit(error ? 1 : 0)) // closes LevelDB cleanly
  setTimeout(() => process.exit(1), 5000).unref()
}

start().then(server => {
  process.on('SIGTERM', () => stop(server))
  process.on('SIGINT', () => {})
  process.stdin.on('end', () => stop(server))
  process.stdin.on('error', () => stop(server))
  process.stdin.resume()
}, error => {
  console.error('DYNALITE_FAILED ' + (error.cause ? error.cause.message : error.message))
  process.exit(2)
})

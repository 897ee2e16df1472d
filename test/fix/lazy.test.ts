/**
 * ts-morph is loaded by `fix` only, and only when there is something to place: the CLI's other verbs
 * and fix's option errors never load it.
 */
it('the command line loads without ts-morph', async () => {
  jest.doMock('ts-morph', () => {
    throw new Error('ts-morph was loaded');
  });
  const { main } = require('../../lib/cli/main') as typeof import('../../lib/cli/main');
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    expect(await main(['node', 'cdktf-systemd', 'fix', '--budget', '12'])).toBe(2);
    expect(await main(['node', 'cdktf-systemd', '--help'])).toBe(0);
  } finally {
    err.mockRestore();
    out.mockRestore();
  }
});

// The etcdctl commands a refusal hands the user: the bench's endpoints, TLS files and user, quoted
// for the shell, and never the password.
import { describe, expect, it } from 'vitest';
import { etcdctlCommand, shellQuote } from './etcdctl-command.js';
import { describeNonEmptyPrefix } from './preflight.js';
import { testBench } from './test-etcdctl.js';

describe('etcdctlCommand', () => {
  it('names every endpoint of the bench', () => {
    const bench = testBench('http://127.0.0.11:2379', { endpoints: ['http://127.0.0.11:2379', 'http://127.0.0.12:2379'] });
    expect(etcdctlCommand(bench, ['del', '--prefix', '/headroom-bench/'])).toBe('etcdctl --endpoints=http://127.0.0.11:2379,http://127.0.0.12:2379 del --prefix /headroom-bench/');
  });

  it('adds the TLS files and the user (not the password) when the bench has them', () => {
    const bench = testBench('https://127.0.0.11:2379', {
      tls: { ca: '/etc/kubernetes/pki/etcd/ca.crt', cert: '/etc/kubernetes/pki/etcd/healthcheck-client.crt', key: '/etc/kubernetes/pki/etcd/healthcheck-client.key' },
      auth: { user: 'headroom', password: 's3cret' },
    });
    const cmd = etcdctlCommand(bench, ['get', '--prefix', '/headroom-bench/', '--keys-only']);
    expect(cmd).toBe(
      'etcdctl --endpoints=https://127.0.0.11:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt ' +
        '--key=/etc/kubernetes/pki/etcd/healthcheck-client.key --user=headroom get --prefix /headroom-bench/ --keys-only',
    );
    expect(cmd).not.toContain('s3cret');
    expect(etcdctlCommand(testBench('https://127.0.0.11:2379', { tls: { ca: '/ca.pem' } }), ['del'])).toBe('etcdctl --endpoints=https://127.0.0.11:2379 --cacert=/ca.pem del');
  });

  it('quotes what the shell would split or expand', () => {
    expect(shellQuote('/headroom-bench/')).toBe('/headroom-bench/');
    expect(shellQuote('/my bench/')).toBe("'/my bench/'");
    expect(shellQuote("/it's/")).toBe("'/it'\\''s/'");
    expect(shellQuote('/$HOME*/')).toBe("'/$HOME*/'");
    expect(etcdctlCommand(testBench('http://127.0.0.1:2379', { tls: { ca: '/certs dir/ca.pem' } }), ['del'])).toContain("'--cacert=/certs dir/ca.pem'");
  });
});

describe('describeNonEmptyPrefix', () => {
  it('ends with the commands to list and remove the keys, for this cluster', () => {
    const text = describeNonEmptyPrefix(testBench('http://127.0.0.1:40295', { name: 'etcd-put', prefix: '/headroom-bench/' }), 1);
    expect(text).toBe(
      'bench "etcd-put": the prefix /headroom-bench/ already holds 1 key on http://127.0.0.1:40295; the bench writes only under an empty prefix and ' +
        'deletes it when done. Choose another "prefix", or, if the keys are left from an earlier run, list and remove them:\n' +
        '  etcdctl --endpoints=http://127.0.0.1:40295 get --prefix /headroom-bench/ --keys-only\n' +
        '  etcdctl --endpoints=http://127.0.0.1:40295 del --prefix /headroom-bench/',
    );
  });

  it('says etcdctl will ask for the password when the bench authenticates', () => {
    const text = describeNonEmptyPrefix(testBench('https://127.0.0.11:2379', { tls: { ca: '/ca.pem' }, auth: { user: 'headroom', password: 'p4ssw0rd-x' } }), 3);
    expect(text).toContain('already holds 3 keys');
    expect(text).toContain('list and remove them (etcdctl asks for the password):\n');
    expect(text).toContain('\n  etcdctl --endpoints=https://127.0.0.11:2379 --cacert=/ca.pem --user=headroom del --prefix /headroom-bench/');
    expect(text).not.toContain('p4ssw0rd-x');
  });
});

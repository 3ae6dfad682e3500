import { expect } from '@open-wc/testing';
import { CALLBACK_MESSAGE_TYPE, outcomeFromMessage, statusCodeFromUrl } from '../../src/protocol.js';
import { outcomeFromCode } from '../../src/status.js';

const CALLBACK = 'https://app.example/callback';

/** The outcome of a callback URL, as the flow computes it: no code → undefined. */
function outcomeOfUrl(url: string): ReturnType<typeof outcomeFromCode> | undefined {
  const code = statusCodeFromUrl(url);
  return code === undefined ? undefined : outcomeFromCode(code);
}

describe('status_code parsing (src/status.ts)', () => {
  describe('outcomeFromCode', () => {
    for (const code of ['success', 'error', 'cancelled', 'expired', 'unauthorized'] as const) {
      it(`maps the documented code "${code}" to the status of the same name, without a message`, () => {
        expect(outcomeFromCode(code)).to.deep.equal({ status: code });
      });
    }

    it('maps an unknown code to error, quoting the code', () => {
      expect(outcomeFromCode('weird')).to.deep.equal({ status: 'error', message: 'Unknown status_code: "weird"' });
    });

    it('does not accept the component’s own statuses as b.well codes', () => {
      for (const code of ['popup_blocked', 'window_closed', 'timeout', 'request_failed', 'aborted']) {
        expect(outcomeFromCode(code), code).to.deep.equal({
          status: 'error',
          message: `Unknown status_code: "${code}"`,
        });
      }
    });

    it('maps an empty code to error with its own message', () => {
      expect(outcomeFromCode('')).to.deep.equal({ status: 'error', message: 'Unknown status_code: ""' });
    });

    it('treats other casings and padding as unknown codes', () => {
      expect(outcomeFromCode('SUCCESS')).to.deep.equal({ status: 'error', message: 'Unknown status_code: "SUCCESS"' });
      expect(outcomeFromCode('Success')).to.deep.equal({ status: 'error', message: 'Unknown status_code: "Success"' });
      expect(outcomeFromCode(' success')).to.deep.equal({
        status: 'error',
        message: 'Unknown status_code: " success"',
      });
      expect(outcomeFromCode('success ')).to.deep.equal({
        status: 'error',
        message: 'Unknown status_code: "success "',
      });
    });

    it('quotes a hostile code as JSON, so quotes and control characters cannot break the message', () => {
      expect(outcomeFromCode('a"b\n<script>')).to.deep.equal({
        status: 'error',
        message: 'Unknown status_code: "a\\"b\\n<script>"',
      });
    });

    it('shortens a long unknown code to 64 characters and an ellipsis', () => {
      const code = 'x'.repeat(10_000);
      expect(outcomeFromCode(code)).to.deep.equal({
        status: 'error',
        message: `Unknown status_code: "${'x'.repeat(64)}…"`,
      });
      expect(outcomeFromCode('y'.repeat(64)).message).to.equal(`Unknown status_code: "${'y'.repeat(64)}"`);
    });
  });

  describe('statusCodeFromUrl', () => {
    it('reads status_code from the query', () => {
      expect(statusCodeFromUrl(`${CALLBACK}?status_code=success`)).to.equal('success');
      expect(statusCodeFromUrl(new URL(`${CALLBACK}?a=1&status_code=expired&b=2`))).to.equal('expired');
    });

    it('returns undefined without the parameter, for a fragment, and for a value that is no absolute URL', () => {
      expect(statusCodeFromUrl(CALLBACK)).to.equal(undefined);
      expect(statusCodeFromUrl('about:blank')).to.equal(undefined);
      expect(statusCodeFromUrl(`${CALLBACK}#status_code=success`)).to.equal(undefined);
      expect(statusCodeFromUrl('/callback?status_code=success')).to.equal(undefined);
      expect(statusCodeFromUrl('')).to.equal(undefined);
      expect(statusCodeFromUrl('http://[bad')).to.equal(undefined);
    });

    it('takes the first of repeated parameters', () => {
      expect(statusCodeFromUrl(`${CALLBACK}?status_code=success&status_code=error`)).to.equal('success');
      expect(statusCodeFromUrl(`${CALLBACK}?status_code=cancelled&status_code=success`)).to.equal('cancelled');
      expect(statusCodeFromUrl(`${CALLBACK}?status_code=&status_code=success`)).to.equal('');
    });

    it('matches the parameter name case-sensitively', () => {
      expect(statusCodeFromUrl(`${CALLBACK}?STATUS_CODE=success`)).to.equal(undefined);
      expect(statusCodeFromUrl(`${CALLBACK}?Status_Code=success`)).to.equal(undefined);
      expect(statusCodeFromUrl(`${CALLBACK}?STATUS_CODE=success&status_code=error`)).to.equal('error');
    });

    it('percent-decodes the name and the value, and reads + as a space', () => {
      expect(statusCodeFromUrl(`${CALLBACK}?status_code=%73uccess`)).to.equal('success');
      expect(statusCodeFromUrl(`${CALLBACK}?status%5Fcode=expired`)).to.equal('expired');
      expect(statusCodeFromUrl(`${CALLBACK}?status_code=success%20`)).to.equal('success ');
      expect(statusCodeFromUrl(`${CALLBACK}?status_code=success+`)).to.equal('success ');
      expect(statusCodeFromUrl(`${CALLBACK}?status_code=%E2%9C%93`)).to.equal('✓');
      expect(statusCodeFromUrl(`${CALLBACK}?status_code=%ZZ`)).to.equal('%ZZ');
    });

    it('gives an empty string for an empty or valueless parameter', () => {
      expect(statusCodeFromUrl(`${CALLBACK}?status_code=`)).to.equal('');
      expect(statusCodeFromUrl(`${CALLBACK}?status_code`)).to.equal('');
    });
  });

  describe('a callback URL’s outcome (statusCodeFromUrl, then outcomeFromCode)', () => {
    it('every documented code', () => {
      for (const code of ['success', 'error', 'cancelled', 'expired', 'unauthorized']) {
        expect(outcomeOfUrl(`${CALLBACK}?status_code=${code}`), code).to.deep.equal({ status: code });
      }
    });

    it('an unknown code is error', () => {
      expect(outcomeOfUrl(`${CALLBACK}?status_code=maybe`)).to.deep.equal({
        status: 'error',
        message: 'Unknown status_code: "maybe"',
      });
    });

    it('an empty status_code is error', () => {
      expect(outcomeOfUrl(`${CALLBACK}?status_code=`)).to.deep.equal({
        status: 'error',
        message: 'Unknown status_code: ""',
      });
    });

    it('repeated parameters: the first wins', () => {
      expect(outcomeOfUrl(`${CALLBACK}?status_code=cancelled&status_code=success`)).to.deep.equal({
        status: 'cancelled',
      });
    });

    it('odd casing of the value is an unknown code; of the name, no result at all', () => {
      expect(outcomeOfUrl(`${CALLBACK}?status_code=Success`)).to.deep.equal({
        status: 'error',
        message: 'Unknown status_code: "Success"',
      });
      expect(outcomeOfUrl(`${CALLBACK}?Status_Code=success`)).to.equal(undefined);
    });

    it('percent-encoded documented codes count as those codes', () => {
      expect(outcomeOfUrl(`${CALLBACK}?status_code=%65xpired`)).to.deep.equal({ status: 'expired' });
      expect(outcomeOfUrl(`${CALLBACK}?status_code=%73uccess%20`)).to.deep.equal({
        status: 'error',
        message: 'Unknown status_code: "success "',
      });
    });
  });

  describe('outcomeFromMessage', () => {
    it('maps b.well’s exact strings', () => {
      expect(outcomeFromMessage('status-success')).to.deep.equal({ status: 'success' });
      expect(outcomeFromMessage('status-failure')).to.deep.equal({
        status: 'error',
        message: 'b.well reported status-failure.',
      });
    });

    it('ignores other casings, padding, lookalikes and other shapes', () => {
      const ignored: unknown[] = [
        'STATUS-SUCCESS',
        'Status-Success',
        'status-success ',
        ' status-success',
        'status-success\n',
        'status-success\u0000',
        'status_success',
        'success',
        'status-succes',
        'status-successx',
        '',
        ['status-success'],
        { data: 'status-success' },
        { status: 'success' },
        new String('status-success'),
        1,
        0,
        Number.NaN,
        true,
        null,
        undefined,
        'status-success'.repeat(1000),
      ];
      for (const data of ignored)
        expect(outcomeFromMessage(data, 'nonce-1'), String(data).slice(0, 40)).to.equal(undefined);
    });

    it('accepts the callback helper’s message only with the attempt’s nonce', () => {
      const message = { type: CALLBACK_MESSAGE_TYPE, nonce: 'nonce-1', statusCode: 'cancelled' };
      expect(outcomeFromMessage(message, 'nonce-1')).to.deep.equal({ status: 'cancelled' });
      expect(outcomeFromMessage(message, 'nonce-2')).to.equal(undefined);
      expect(outcomeFromMessage(message)).to.equal(undefined);
      expect(outcomeFromMessage({ ...message, nonce: '' }, '')).to.deep.equal({ status: 'cancelled' });
    });

    it('maps the callback message’s code like a URL’s', () => {
      const message = (statusCode: string) => ({ type: CALLBACK_MESSAGE_TYPE, nonce: 'n', statusCode });
      expect(outcomeFromMessage(message('success'), 'n')).to.deep.equal({ status: 'success' });
      expect(outcomeFromMessage(message('unauthorized'), 'n')).to.deep.equal({ status: 'unauthorized' });
      expect(outcomeFromMessage(message(''), 'n')).to.deep.equal({
        status: 'error',
        message: 'Unknown status_code: ""',
      });
      expect(outcomeFromMessage(message('SUCCESS'), 'n')).to.deep.equal({
        status: 'error',
        message: 'Unknown status_code: "SUCCESS"',
      });
    });

    it('ignores callback messages of the wrong type or with fields of the wrong type', () => {
      const ignored: unknown[] = [
        { type: 'bwell-connect:Status', nonce: 'n', statusCode: 'success' },
        { type: CALLBACK_MESSAGE_TYPE, nonce: 1, statusCode: 'success' },
        { type: CALLBACK_MESSAGE_TYPE, nonce: 'n', statusCode: 1 },
        { type: CALLBACK_MESSAGE_TYPE, nonce: 'n' },
        { type: CALLBACK_MESSAGE_TYPE, statusCode: 'success' },
        { type: CALLBACK_MESSAGE_TYPE, nonce: ['n'], statusCode: 'success' },
      ];
      for (const data of ignored) expect(outcomeFromMessage(data, 'n'), JSON.stringify(data)).to.equal(undefined);
    });
  });
});

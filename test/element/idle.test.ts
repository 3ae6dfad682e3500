import { expect } from '@open-wc/testing';
import * as sinon from 'sinon';
import '../../src/define.js';
import type { BwellConnectElement } from '../../src/bwell-connect-element.js';

describe('<bwell-connect> idle: it costs nothing beyond its DOM', () => {
  let container: HTMLElement;
  afterEach(() => {
    sinon.restore();
    container.remove();
  });

  it('a hundred idle elements add no window or document listener and read no storage key', async () => {
    const windowListeners = sinon.spy(window, 'addEventListener');
    const documentListeners = sinon.spy(document, 'addEventListener');
    const getItem = sinon.spy(Storage.prototype, 'getItem');
    container = document.createElement('section');
    document.body.append(container);
    const elements: BwellConnectElement[] = [];
    for (let i = 0; i < 100; i++) {
      const el = document.createElement('bwell-connect');
      el.connectionId = `provider-${i}`;
      elements.push(el);
      container.append(el);
    }
    await Promise.all(elements.map((el) => el.updateComplete));
    expect(elements.every((el) => el.shadowRoot?.querySelector('button')?.disabled === false)).to.equal(true);
    expect(windowListeners.callCount, 'window listeners').to.equal(0);
    expect(documentListeners.callCount, 'document listeners').to.equal(0);
    expect(getItem.callCount, 'records read: none is pending').to.equal(0);
  });
});

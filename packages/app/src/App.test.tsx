import { render, screen } from '@testing-library/react';
import App from './App';

// the first render of the whole app takes a few seconds in jsdom
jest.setTimeout(30_000);

describe('App', () => {
  it('offers guest sign-in when portal.signIn.providers names guest', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'ProficientNow Platform Portal' },
            backend: { baseUrl: 'http://localhost:7007' },
            portal: { signIn: { providers: ['guest'] } },
          },
          context: 'test',
        },
      ] as any,
    };

    render(App.createRoot());

    expect(
      await screen.findByText('Guest', {}, { timeout: 20_000 }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /enter/i })).toBeInTheDocument();
    expect(screen.queryByText('Authentik')).not.toBeInTheDocument();
  });
});

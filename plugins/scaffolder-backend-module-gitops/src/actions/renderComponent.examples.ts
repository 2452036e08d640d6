import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'PostgreSQL from the catalogue: only a name and an owner',
    example: stringify({
      steps: [
        {
          id: 'render',
          action: 'gitops:component:render',
          name: 'Render the Application',
          input: {
            name: 'postgres',
            owner: 'group:default/platform-engineers',
          },
        },
      ],
    }),
  },
  {
    description: 'MetalLB from the catalogue with a pinned chart version',
    example: stringify({
      steps: [
        {
          id: 'render',
          action: 'gitops:component:render',
          name: 'Render the Application',
          input: {
            name: 'metallb',
            owner: 'group:default/platform-engineers',
            chartVersion: '0.15.2',
          },
        },
      ],
    }),
  },
];

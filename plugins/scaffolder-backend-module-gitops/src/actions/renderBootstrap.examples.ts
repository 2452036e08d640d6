import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'The whole tree with every catalogue component',
    example: stringify({
      steps: [
        {
          id: 'render',
          action: 'gitops:bootstrap:render',
          name: 'Render the tree',
          input: {},
        },
      ],
    }),
  },
  {
    description: 'A minimal platform: networking and storage only',
    example: stringify({
      steps: [
        {
          id: 'render',
          action: 'gitops:bootstrap:render',
          name: 'Render the tree',
          input: {
            components: [
              'cilium',
              'metallb',
              'cert-manager',
              'rook-ceph',
              'rook-ceph-cluster',
            ],
          },
        },
      ],
    }),
  },
];

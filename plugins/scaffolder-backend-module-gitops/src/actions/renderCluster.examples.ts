import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'A small dev cluster: one control plane, two workers, on the node VLAN only',
    example: stringify({
      steps: [
        {
          id: 'render',
          action: 'gitops:cluster:render',
          name: 'Render the cluster',
          input: {
            name: 'payments-dev',
            environment: 'dev',
            owner: 'group:default/app-developers',
            controlPlaneCount: 1,
            controlPlaneSize: 'medium',
            workerCount: 2,
            workerSize: 'medium',
            channel: '1.32/stable',
            sshPublicKeys: '${{ parameters.sshPublicKeys }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'A highly available prod cluster on the node, apps and data VLANs',
    example: stringify({
      steps: [
        {
          id: 'render',
          action: 'gitops:cluster:render',
          name: 'Render the cluster',
          input: {
            name: 'shop-prod',
            environment: 'prod',
            owner: 'group:default/app-developers',
            controlPlaneCount: 3,
            controlPlaneSize: 'large',
            workerCount: 5,
            workerSize: 'xlarge',
            channel: '1.32/stable',
            vlans: [105, 108, 109],
            extraSANs: ['api.shop-prod.proficientnow.example'],
            sshPublicKeys: '${{ parameters.sshPublicKeys }}',
          },
        },
      ],
    }),
  },
];

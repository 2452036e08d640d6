import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Open the pull request of a rendered cluster, with its labels, reviewers and CODEOWNERS entry',
    example: stringify({
      steps: [
        {
          id: 'publish',
          action: 'gitops:pull-request:open',
          name: 'Open the pull request',
          input: {
            sourcePath: 'gitops',
            change: '${{ steps.render.output.change }}',
            title: '${{ steps.render.output.title }}',
            description: '${{ steps.render.output.pullRequestBody }}',
            labels: '${{ steps.render.output.labels }}',
            teamReviewers: '${{ steps.render.output.teamReviewers }}',
            codeowners: '${{ steps.render.output.codeowners }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'Remove a component: delete its Application in the same kind of pull request',
    example: stringify({
      steps: [
        {
          id: 'publish',
          action: 'gitops:pull-request:open',
          name: 'Open the pull request',
          input: {
            sourcePath: 'gitops',
            change: {
              kind: 'component',
              action: 'remove',
              target: 'component:default/kafka',
              domain: 'applications',
            },
            title: 'Remove Kafka',
            description: 'Kafka is replaced by RabbitMQ streams.',
            deletePaths: ['argocd/apps/applications/communications/kafka.yaml'],
            labels: ['gitops'],
          },
        },
      ],
    }),
  },
];

// Copied from the project brief's latency model (spec/latency-model.json): the simulator embeds it, nothing reads that file at run time.
// Kept: every resource-type entry (numbers only; sources dropped) plus the throttling and propagation
// blocks, which later simulator features (token buckets, role-assignment replication) will read.
// Regenerate rather than hand-edit when the model changes.
export const latencyModel = {
  "_meta": {
    "units": "seconds",
    "semantics": "createSeconds/deleteSeconds = median time from the accepted PUT/DELETE to a terminal provisioningState as seen by an SDK poller (ARM deployment-operation durations, azd per-resource times, AzureML SDK 'Took N seconds'). *P90Seconds = pessimistic 90th percentile. createLognormalSigma = ln(p90/median)/1.2816 for sampling a lognormal around the median. terraformObserved* fields add azurerm client-side waits and are NOT ARM latency.",
    "throttling": {
      "armTokenBucket": {
        "scope": "per subscription (and per tenant), per region, per security principal, per operation type; global subscription limit = 15x the per-principal limit across all principals",
        "reads": {
          "bucketSize": 250,
          "refillPerSecond": 25
        },
        "writes": {
          "bucketSize": 200,
          "refillPerSecond": 10
        },
        "deletes": {
          "bucketSize": 200,
          "refillPerSecond": 10
        },
        "onExceed": "HTTP 429 with Retry-After (seconds); headers x-ms-ratelimit-remaining-subscription-reads|writes|deletes",
        "source": "https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling (Regional throttling and token bucket algorithm table); https://azure.microsoft.com/updates/azure-resource-manager-throttling/ (13 Mar 2024: write bucket 200, refill 10/s, empty->full in 20 s)"
      },
      "armLegacyHourly": {
        "readsPerHour": 12000,
        "writesPerHour": 1200,
        "deletesPerHour": 15000,
        "scope": "per principal per ARM instance (pre-2024 model, kept for sovereign clouds)",
        "source": "MicrosoftDocs/azure-docs:articles/azure-resource-manager/management/request-limits-and-throttling.md (2023 revision)"
      },
      "resourceProviders": {
        "Microsoft.Network": {
          "writesDeletesPer5Min": 1000,
          "readsPer5Min": 10000,
          "scope": "per subscription per region",
          "busyResource": "429 RetryableErrorDueToAnotherOperation when the target (e.g. VNet/subnet) is locked by another operation",
          "source": "MicrosoftDocs/azure-docs:articles/azure-resource-manager/management/request-limits-and-throttling.md"
        },
        "Microsoft.Network/privateDnsZones": {
          "readsPer5Min": 500,
          "source": "same document ('Azure DNS and Azure Private DNS have a throttle limit of 500 read (GET) operations per 5 minutes')"
        },
        "Microsoft.KeyVault (data plane)": {
          "per10sPerVaultPerRegion": {
            "softwareKeyCreateRSA2048": 10,
            "hsmKeyCreateRSA2048": 5,
            "softwareKeyOther": 2000,
            "hsmKeyOther": 1000,
            "secretsAndVaultAll": 2000
          },
          "subscriptionWide": "5x the per-vault limit",
          "source": "MicrosoftDocs/azure-docs:includes/key-vault-limits.md"
        },
        "Microsoft.ContainerService": {
          "note": "no separate published limit; AKS surfaces ARM/compute throttling as TooManyRequestsReceived / SubscriptionRequestsThrottled (429)",
          "source": "https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/create-upgrade-delete/error-code-toomanyrequestsreceived-subscriptionrequeststhrottled"
        },
        "Microsoft.MachineLearningServices": {
          "note": "no published ARM request-rate limit found (only vCPU/compute quotas); model with the generic ARM buckets -- GAP"
        }
      }
    },
    "propagation": {
      "principalReplicationSeconds": {
        "median": 30,
        "p90": 120,
        "confidence": "estimate",
        "behaviour": "roleAssignments PUT for a principal created < this long ago returns 400 PrincipalNotFound unless properties.principalType is set",
        "source": "MicrosoftDocs/azure-docs:articles/role-based-access-control/troubleshooting.md ('If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay'); Azure/ResourceModules#981 ('Restart the deployment a few minutes later, everything is fine'); Azure/AgentBaker PR #8251"
      },
      "rbacEffectiveSeconds": {
        "median": 60,
        "p90": 600,
        "confidence": "estimate (p90 from docs)",
        "behaviour": "after a role assignment succeeds, data/control-plane calls by the assignee may still get 403 until this elapses",
        "source": "MicrosoftDocs/azure-docs:articles/role-based-access-control/troubleshooting.md ('it can take up to 10 minutes for changes to take effect')"
      },
      "privateDnsLinkEffectiveSeconds": {
        "median": 15,
        "p90": 120,
        "confidence": "estimate",
        "source": "Azure/bicep#10197"
      },
      "keyVaultDataPlaneAvailableSeconds": {
        "median": 120,
        "p90": 180,
        "confidence": "inferred from Terraform KV create 2m7s-3m6s vs ARM ~20 s",
        "source": "hashicorp/terraform-provider-azurerm:internal/services/keyvault/key_vault_resource.go keyVaultRefreshFunc"
      }
    }
  },
  "types": {
    "Microsoft.Compute/virtualMachines": {
      "createSeconds": 60,
      "deleteSeconds": 45,
      "createP90Seconds": 150,
      "deleteP90Seconds": 120,
      "createLognormalSigma": 0.715,
      "deleteLognormalSigma": 0.765,
      "confidence": "estimate (unconfirmed: Learn says a VM takes 'a few minutes' with its supporting resources)"
    },
    "Microsoft.Compute/virtualMachines/extensions": {
      "createSeconds": 60,
      "deleteSeconds": 30,
      "createP90Seconds": 180,
      "deleteP90Seconds": 90,
      "createLognormalSigma": 0.857,
      "deleteLognormalSigma": 0.857,
      "confidence": "estimate (unconfirmed)"
    },
    "Microsoft.Compute/disks": {
      "createSeconds": 5,
      "deleteSeconds": 5,
      "createP90Seconds": 15,
      "deleteP90Seconds": 15,
      "createLognormalSigma": 0.857,
      "deleteLognormalSigma": 0.857,
      "confidence": "estimate (unconfirmed)"
    },
    "Microsoft.Features/providers/features": {
      "createSeconds": 120,
      "deleteSeconds": 60,
      "createP90Seconds": 900,
      "deleteP90Seconds": 300,
      "createLognormalSigma": 1.57,
      "deleteLognormalSigma": 1.256,
      "confidence": "estimate (unconfirmed: Learn's preview-feature page says registration can take a while; create = register, delete = unregister)"
    },
    "Microsoft.Authorization/roleAssignments": {
      "createSeconds": 3,
      "deleteSeconds": 3,
      "createP90Seconds": 10,
      "deleteP90Seconds": 10,
      "createLognormalSigma": 0.939,
      "deleteLognormalSigma": 0.939,
      "confidence": "estimate(ARM)/evidence(Terraform)"
    },
    "Microsoft.PolicyInsights/policyStates#assignmentEvaluation": {
      "createSeconds": 1800,
      "deleteSeconds": 1800,
      "createP90Seconds": 3600,
      "deleteP90Seconds": 3600,
      "createLognormalSigma": 0.541,
      "deleteLognormalSigma": 0.541,
      "confidence": "docs/estimate (Learn governance/policy/how-to/get-compliance-data 'Evaluation triggers': a new assignment applies to its scope in about 5 minutes, then its evaluation cycle starts with no stated end; the 30-minute median is the project's reading, unconfirmed); p90 estimate (unconfirmed)"
    },
    "Microsoft.PolicyInsights/policyStates#resourceEvaluation": {
      "createSeconds": 900,
      "deleteSeconds": 900,
      "createP90Seconds": 1800,
      "deleteP90Seconds": 1800,
      "createLognormalSigma": 0.541,
      "deleteLognormalSigma": 0.541,
      "confidence": "docs (median: same Learn page, a created or updated resource is evaluated in about 15 minutes; unconfirmed exact figure); p90 estimate (unconfirmed)"
    },
    "Microsoft.PolicyInsights/policyStates#triggerEvaluation": {
      "createSeconds": 180,
      "deleteSeconds": 180,
      "createP90Seconds": 900,
      "deleteP90Seconds": 900,
      "createLognormalSigma": 1.256,
      "deleteLognormalSigma": 1.256,
      "confidence": "estimate (unconfirmed: Learn says an on-demand scan is asynchronous with no completion time; JimGBritt Trigger-PolicyEvaluation.ps1 polls every 20 s)"
    },
    "Microsoft.Authorization/roleDefinitions": {
      "createSeconds": 3,
      "deleteSeconds": 3,
      "createP90Seconds": 10,
      "deleteP90Seconds": 10,
      "createLognormalSigma": 0.939,
      "deleteLognormalSigma": 0.939,
      "confidence": "estimate"
    },
    "Microsoft.ContainerRegistry/registries": {
      "createSeconds": 25,
      "deleteSeconds": 15,
      "createP90Seconds": 60,
      "deleteP90Seconds": 60,
      "createLognormalSigma": 0.683,
      "deleteLognormalSigma": 1.082,
      "confidence": "evidence(create, non-Premium)/estimate(delete)"
    },
    "Microsoft.ContainerService/managedClusters": {
      "createSeconds": 281,
      "deleteSeconds": 420,
      "createP90Seconds": 600,
      "deleteP90Seconds": 900,
      "createLognormalSigma": 0.592,
      "deleteLognormalSigma": 0.595,
      "confidence": "evidence(create)/estimate(delete)"
    },
    "Microsoft.ContainerService/managedClusters#private-azurecni": {
      "createSeconds": 480,
      "deleteSeconds": 480,
      "createP90Seconds": 900,
      "deleteP90Seconds": 900,
      "createLognormalSigma": 0.49,
      "deleteLognormalSigma": 0.49,
      "confidence": "estimate"
    },
    "Microsoft.Insights/components": {
      "createSeconds": 12,
      "deleteSeconds": 5,
      "createP90Seconds": 40,
      "deleteP90Seconds": 15,
      "createLognormalSigma": 0.939,
      "deleteLognormalSigma": 0.857,
      "confidence": "evidence(create)/estimate(delete)"
    },
    "Microsoft.Insights/privateLinkScopes": {
      "createSeconds": 2,
      "deleteSeconds": 2,
      "createP90Seconds": 5,
      "deleteP90Seconds": 5,
      "createLognormalSigma": 0.715,
      "deleteLognormalSigma": 0.715,
      "confidence": "estimate (synchronous PUT/DELETE in the simulator; the value serves resource-group cascade deletes)"
    },
    "Microsoft.Insights/privateLinkScopes/scopedResources": {
      "createSeconds": 10,
      "deleteSeconds": 10,
      "createP90Seconds": 30,
      "deleteP90Seconds": 30,
      "createLognormalSigma": 0.857,
      "deleteLognormalSigma": 0.857,
      "confidence": "estimate"
    },
    "Microsoft.KeyVault/vaults": {
      "createSeconds": 20,
      "deleteSeconds": 10,
      "createP90Seconds": 30,
      "deleteP90Seconds": 30,
      "createLognormalSigma": 0.316,
      "deleteLognormalSigma": 0.857,
      "purgeSeconds": 60,
      "purgeP90Seconds": 600,
      "confidence": "evidence(create)/estimate(delete)"
    },
    "Microsoft.KeyVault/vaults/keys": {
      "createSeconds": 2,
      "deleteSeconds": 2,
      "createP90Seconds": 5,
      "deleteP90Seconds": 5,
      "createLognormalSigma": 0.715,
      "deleteLognormalSigma": 0.715,
      "confidence": "estimate"
    },
    "Microsoft.MachineLearningServices/workspaces": {
      "createSeconds": 25,
      "deleteSeconds": 60,
      "createP90Seconds": 60,
      "deleteP90Seconds": 300,
      "createLognormalSigma": 0.683,
      "deleteLognormalSigma": 1.256,
      "confidence": "evidence(create)/estimate(delete)"
    },
    "Microsoft.MachineLearningServices/workspaces#cmk": {
      "createSeconds": 600,
      "deleteSeconds": 600,
      "createP90Seconds": 1200,
      "deleteP90Seconds": 1200,
      "createLognormalSigma": 0.541,
      "deleteLognormalSigma": 0.541,
      "confidence": "estimate"
    },
    "Microsoft.MachineLearningServices/workspaces#managedNetwork": {
      "createSeconds": 1800,
      "deleteSeconds": 60,
      "createP90Seconds": 2700,
      "deleteP90Seconds": 180,
      "createLognormalSigma": 0.316,
      "deleteLognormalSigma": 0.857,
      "confidence": "docs(create: 'around 30 minutes', Learn how-to-managed-network)/estimate(delete, p90)"
    },
    "Microsoft.MachineLearningServices/workspaces#managedNetwork-firewall": {
      "createSeconds": 2400,
      "deleteSeconds": 60,
      "createP90Seconds": 3600,
      "deleteP90Seconds": 180,
      "createLognormalSigma": 0.316,
      "deleteLognormalSigma": 0.857,
      "confidence": "docs(create: 30 min + 'around 10 minutes' for the first FQDN rule)/estimate(p90)"
    },
    "Microsoft.MachineLearningServices/workspaces/outboundRules": {
      "createSeconds": 120,
      "deleteSeconds": 60,
      "createP90Seconds": 300,
      "deleteP90Seconds": 180,
      "createLognormalSigma": 0.715,
      "deleteLognormalSigma": 0.857,
      "confidence": "estimate"
    },
    "Microsoft.MachineLearningServices/workspaces/outboundRules#firewall": {
      "createSeconds": 600,
      "deleteSeconds": 60,
      "createP90Seconds": 900,
      "deleteP90Seconds": 180,
      "createLognormalSigma": 0.316,
      "deleteLognormalSigma": 0.857,
      "confidence": "docs(create: the first FQDN rule adds 'around 10 minutes')/estimate(p90)"
    },
    "Microsoft.MachineLearningServices/workspaces/computes#AKS-attach": {
      "createSeconds": 300,
      "deleteSeconds": 60,
      "createP90Seconds": 600,
      "deleteP90Seconds": 180,
      "createLognormalSigma": 0.541,
      "deleteLognormalSigma": 0.857,
      "confidence": "docs+estimate"
    },
    "Microsoft.MachineLearningServices/workspaces/computes#Kubernetes-attach": {
      "createSeconds": 60,
      "deleteSeconds": 30,
      "createP90Seconds": 180,
      "deleteP90Seconds": 90,
      "createLognormalSigma": 0.857,
      "deleteLognormalSigma": 0.857,
      "confidence": "estimate"
    },
    "Microsoft.MachineLearningServices/workspaces/computes#AmlCompute": {
      "createSeconds": 60,
      "deleteSeconds": 60,
      "createP90Seconds": 300,
      "deleteP90Seconds": 180,
      "createLognormalSigma": 1.256,
      "deleteLognormalSigma": 0.857,
      "confidence": "estimate"
    },
    "Microsoft.MachineLearningServices/workspaces/computes#ComputeInstance": {
      "createSeconds": 300,
      "deleteSeconds": 180,
      "createP90Seconds": 600,
      "deleteP90Seconds": 300,
      "createLognormalSigma": 0.541,
      "deleteLognormalSigma": 0.399,
      "confidence": "docs+estimate"
    },
    "Microsoft.KubernetesConfiguration/extensions#microsoft.azureml.kubernetes": {
      "createSeconds": 300,
      "deleteSeconds": 120,
      "createP90Seconds": 600,
      "deleteP90Seconds": 300,
      "createLognormalSigma": 0.541,
      "deleteLognormalSigma": 0.713,
      "confidence": "docs+estimate"
    },
    "Microsoft.ManagedIdentity/userAssignedIdentities": {
      "createSeconds": 3,
      "deleteSeconds": 3,
      "createP90Seconds": 8,
      "deleteP90Seconds": 8,
      "createLognormalSigma": 0.765,
      "deleteLognormalSigma": 0.765,
      "confidence": "estimate"
    },
    "Microsoft.Network/azureFirewalls": {
      "createSeconds": 360,
      "deleteSeconds": 300,
      "createP90Seconds": 720,
      "deleteP90Seconds": 600,
      "createLognormalSigma": 0.541,
      "deleteLognormalSigma": 0.541,
      "confidence": "thin-evidence"
    },
    "Microsoft.Network/firewallPolicies": {
      "createSeconds": 5,
      "deleteSeconds": 10,
      "createP90Seconds": 15,
      "deleteP90Seconds": 30,
      "createLognormalSigma": 0.857,
      "deleteLognormalSigma": 0.857,
      "confidence": "thin-evidence(create: hashicorp/terraform-provider-azurerm#15440 'Creation complete after 3s')/estimate(delete)"
    },
    "Microsoft.Network/firewallPolicies/ruleCollectionGroups": {
      "createSeconds": 15,
      "deleteSeconds": 15,
      "createP90Seconds": 60,
      "deleteP90Seconds": 60,
      "createLognormalSigma": 1.082,
      "deleteLognormalSigma": 1.082,
      "confidence": "thin-evidence(create: hashicorp/terraform-provider-azurerm#15440 'Creation complete after 14s')/estimate(delete)"
    },
    "Microsoft.Network/natGateways": {
      "createSeconds": 10,
      "deleteSeconds": 10,
      "createP90Seconds": 30,
      "deleteP90Seconds": 30,
      "createLognormalSigma": 0.857,
      "deleteLognormalSigma": 0.857,
      "confidence": "estimate"
    },
    "Microsoft.Network/routeTables": {
      "createSeconds": 5,
      "deleteSeconds": 10,
      "createP90Seconds": 15,
      "deleteP90Seconds": 30,
      "createLognormalSigma": 0.857,
      "deleteLognormalSigma": 0.857,
      "confidence": "estimate"
    },
    "Microsoft.Network/routeTables/routes": {
      "createSeconds": 5,
      "deleteSeconds": 5,
      "createP90Seconds": 15,
      "deleteP90Seconds": 15,
      "createLognormalSigma": 0.857,
      "deleteLognormalSigma": 0.857,
      "confidence": "estimate"
    },
    "Microsoft.Network/virtualNetworks/virtualNetworkPeerings": {
      "createSeconds": 10,
      "deleteSeconds": 10,
      "createP90Seconds": 30,
      "deleteP90Seconds": 30,
      "createLognormalSigma": 0.857,
      "deleteLognormalSigma": 0.857,
      "confidence": "estimate"
    },
    "Microsoft.Network/bastionHosts": {
      "createSeconds": 600,
      "deleteSeconds": 300,
      "createP90Seconds": 1800,
      "deleteP90Seconds": 600,
      "createLognormalSigma": 0.857,
      "deleteLognormalSigma": 0.541,
      "confidence": "evidence(create)/estimate(delete)"
    },
    "Microsoft.Network/networkSecurityGroups": {
      "createSeconds": 8,
      "deleteSeconds": 10,
      "createP90Seconds": 15,
      "deleteP90Seconds": 20,
      "createLognormalSigma": 0.49,
      "deleteLognormalSigma": 0.541,
      "confidence": "thin-evidence"
    },
    "Microsoft.Network/networkSecurityGroups/securityRules": {
      "createSeconds": 5,
      "deleteSeconds": 5,
      "createP90Seconds": 15,
      "deleteP90Seconds": 15,
      "createLognormalSigma": 0.857,
      "deleteLognormalSigma": 0.857,
      "confidence": "estimate"
    },
    "Microsoft.Network/privateDnsZones": {
      "createSeconds": 35,
      "deleteSeconds": 30,
      "createP90Seconds": 60,
      "deleteP90Seconds": 60,
      "createLognormalSigma": 0.421,
      "deleteLognormalSigma": 0.541,
      "confidence": "thin-evidence"
    },
    "Microsoft.Network/privateDnsZones/virtualNetworkLinks": {
      "createSeconds": 60,
      "deleteSeconds": 30,
      "createP90Seconds": 120,
      "deleteP90Seconds": 60,
      "createLognormalSigma": 0.541,
      "deleteLognormalSigma": 0.541,
      "confidence": "thin-evidence"
    },
    "Microsoft.Network/privateEndpoints": {
      "createSeconds": 30,
      "deleteSeconds": 20,
      "createP90Seconds": 60,
      "deleteP90Seconds": 60,
      "createLognormalSigma": 0.541,
      "deleteLognormalSigma": 0.857,
      "confidence": "evidence(create)/estimate(delete)"
    },
    "Microsoft.Network/privateEndpoints/privateDnsZoneGroups": {
      "createSeconds": 5,
      "deleteSeconds": 5,
      "createP90Seconds": 15,
      "deleteP90Seconds": 15,
      "createLognormalSigma": 0.857,
      "deleteLognormalSigma": 0.857,
      "confidence": "estimate"
    },
    "Microsoft.Network/publicIPAddresses": {
      "createSeconds": 5,
      "deleteSeconds": 10,
      "createP90Seconds": 14,
      "deleteP90Seconds": 22,
      "createLognormalSigma": 0.803,
      "deleteLognormalSigma": 0.615,
      "confidence": "evidence"
    },
    "Microsoft.Network/serviceEndpointPolicies": {
      "createSeconds": 10,
      "deleteSeconds": 10,
      "createP90Seconds": 30,
      "deleteP90Seconds": 30,
      "createLognormalSigma": 0.857,
      "deleteLognormalSigma": 0.857,
      "confidence": "estimate"
    },
    "Microsoft.Network/virtualNetworkGateways": {
      "createSeconds": 1800,
      "deleteSeconds": 600,
      "createP90Seconds": 2700,
      "deleteP90Seconds": 1200,
      "createLognormalSigma": 0.316,
      "deleteLognormalSigma": 0.541,
      "confidence": "evidence(create)/estimate(delete)"
    },
    "Microsoft.Network/virtualNetworkGateways#vpnprofile": {
      "createSeconds": 30,
      "deleteSeconds": 30,
      "createP90Seconds": 90,
      "deleteP90Seconds": 90,
      "createLognormalSigma": 0.857,
      "deleteLognormalSigma": 0.857,
      "confidence": "estimate (generatevpnclientpackage / generatevpnprofile; unconfirmed)"
    },
    "Microsoft.Network/dnsResolvers": {
      "createSeconds": 60,
      "deleteSeconds": 60,
      "createP90Seconds": 180,
      "deleteP90Seconds": 180,
      "createLognormalSigma": 0.857,
      "deleteLognormalSigma": 0.857,
      "confidence": "estimate (no public measurements found; unconfirmed)"
    },
    "Microsoft.Network/dnsResolvers/inboundEndpoints": {
      "createSeconds": 180,
      "deleteSeconds": 120,
      "createP90Seconds": 420,
      "deleteP90Seconds": 300,
      "createLognormalSigma": 0.661,
      "deleteLognormalSigma": 0.713,
      "confidence": "estimate (no public measurements found; unconfirmed)"
    },
    "Microsoft.Network/virtualNetworks": {
      "createSeconds": 8,
      "deleteSeconds": 11,
      "createP90Seconds": 15,
      "deleteP90Seconds": 15,
      "createLognormalSigma": 0.49,
      "deleteLognormalSigma": 0.242,
      "confidence": "evidence"
    },
    "Microsoft.Network/virtualNetworks/subnets": {
      "createSeconds": 6,
      "deleteSeconds": 10,
      "createP90Seconds": 17,
      "deleteP90Seconds": 15,
      "createLognormalSigma": 0.813,
      "deleteLognormalSigma": 0.316,
      "confidence": "evidence"
    },
    "Microsoft.Network/virtualNetworks/subnets#association": {
      "createSeconds": 8,
      "deleteSeconds": 8,
      "createP90Seconds": 35,
      "deleteP90Seconds": 35,
      "createLognormalSigma": 1.152,
      "deleteLognormalSigma": 1.152,
      "confidence": "thin-evidence"
    },
    "Microsoft.OperationalInsights/workspaces": {
      "createSeconds": 22,
      "deleteSeconds": 10,
      "createP90Seconds": 30,
      "deleteP90Seconds": 30,
      "createLognormalSigma": 0.242,
      "deleteLognormalSigma": 0.857,
      "confidence": "evidence(create)/estimate(delete)"
    },
    "Microsoft.Resources/resourceGroups": {
      "createSeconds": 2,
      "deleteSeconds": 45,
      "createP90Seconds": 5,
      "deleteP90Seconds": 80,
      "createLognormalSigma": 0.715,
      "deleteLognormalSigma": 0.449,
      "confidence": "evidence"
    },
    "Microsoft.Storage/storageAccounts": {
      "createSeconds": 30,
      "deleteSeconds": 5,
      "createP90Seconds": 60,
      "deleteP90Seconds": 15,
      "createLognormalSigma": 0.541,
      "deleteLognormalSigma": 0.857,
      "confidence": "evidence(create)/estimate(delete)"
    }
  }
} as const;

export interface LatencyEntry {
  createSeconds: number;
  deleteSeconds: number;
  createP90Seconds?: number;
  deleteP90Seconds?: number;
  createLognormalSigma?: number;
  deleteLognormalSigma?: number;
}

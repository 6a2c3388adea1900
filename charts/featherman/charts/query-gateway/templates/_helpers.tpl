{{/* Names and labels of the query-gateway chart. */}}
{{- define "query-gateway.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "query-gateway.selectorLabels" -}}
app.kubernetes.io/name: query-gateway
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "query-gateway.labels" -}}
{{ include "query-gateway.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: featherman
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "query-gateway.tag" -}}
{{- .Values.image.tag | default .Values.global.image.tag | default .Chart.AppVersion -}}
{{- end -}}

{{- define "query-gateway.image" -}}
{{- printf "%s/%s:%s" .Values.global.image.registry .Values.image.repository (include "query-gateway.tag" .) -}}
{{- end -}}

{{- define "query-gateway.workerImage" -}}
{{- printf "%s/%s:%s" .Values.global.image.registry .Values.worker.repository (.Values.worker.tag | default .Values.global.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{/* Where an unqualified catalog name lives: catalogNamespace, else the first watched namespace,
else the release namespace. */}}
{{- define "query-gateway.defaultNamespace" -}}
{{- .Values.catalogNamespace | default (first (.Values.global.watchNamespaces | default list)) | default .Release.Namespace -}}
{{- end -}}

{{/* Every namespace whose catalogs the gateway serves (JSON list): the default one and the
watched ones; catalogs outside the default are named namespace/name. */}}
{{- define "query-gateway.servedNamespaces" -}}
{{- toJson (uniq (prepend (.Values.global.watchNamespaces | default list) (include "query-gateway.defaultNamespace" .))) -}}
{{- end -}}

{{/* Settings the chart derives; values.config adds to and overrides them. */}}
{{- define "query-gateway.baseConfig" -}}
featherman:
  gateway:
    mode: {{ .Values.mode }}
    cluster:
      namespace: {{ include "query-gateway.defaultNamespace" . }}
      namespaces: {{ include "query-gateway.servedNamespaces" . }}
      worker-token-file: /etc/featherman/worker-token/token
      job-image: {{ printf "%s/worker:%s" .Values.global.image.registry (include "query-gateway.tag" .) }}
      # Fallback Jobs need no API access: the namespace's default account.
      job-service-account: default
{{- end -}}
